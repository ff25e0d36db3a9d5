/** Spare buffers kept per size; beyond this a returned buffer is left to the garbage collector. */
const MAX_SPARE = 8;
/** Spare buffers are dropped after this long without use, so an idle server does not hold their memory. */
const IDLE_MS = 10_000;

/**
 * Reusable part-sized buffers for cutting request bodies into S3 parts. A fresh multi-MiB buffer costs a page fault
 * per 4 KiB when first written (about 1 CPU-second per GiB on this project's VMs, more than the copy itself), so
 * parts are filled into buffers that earlier parts used. A buffer is given back only once nothing can read it any
 * more (its part request settled successfully); one whose fate is unclear is simply not given back.
 */
export class PartBuffers {
  private readonly spare = new Map<number, Buffer[]>();
  private idleTimer: NodeJS.Timeout | undefined;

  take(size: number): Buffer {
    return this.spare.get(size)?.pop() ?? Buffer.allocUnsafeSlow(size);
  }

  give(buffer: Buffer): void {
    const list = this.spare.get(buffer.length) ?? [];
    if (list.length >= MAX_SPARE) return;
    list.push(buffer);
    this.spare.set(buffer.length, list);
    this.idleTimer?.refresh();
    this.idleTimer ??= setTimeout(() => {
      this.spare.clear();
      this.idleTimer = undefined;
    }, IDLE_MS).unref();
  }
}
