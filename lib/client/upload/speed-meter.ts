const WINDOW_MS = 5000;

/** Bytes per second over the last few seconds, so the shown speed is steady but still reacts to stalls. */
export class SpeedMeter {
  private samples: Array<{ at: number; bytes: number }> = [];

  record(totalBytes: number, at = Date.now()) {
    this.samples.push({ at, bytes: totalBytes });
    this.prune(at);
  }

  reset() {
    this.samples = [];
  }

  rate(now = Date.now()): number {
    this.prune(now);
    if (this.samples.length < 2) return 0;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const seconds = Math.max(now - first.at, 1000) / 1000;
    return Math.max(0, (last.bytes - first.bytes) / seconds);
  }

  private prune(now: number) {
    while (this.samples.length > 1 && this.samples[0].at < now - WINDOW_MS) this.samples.shift();
    if (this.samples.length === 1 && this.samples[0].at < now - WINDOW_MS) this.samples = [];
  }
}
