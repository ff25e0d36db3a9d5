/** Runs `work(0 … count-1)`, at most `limit` at a time; resolves when all have ended (`work` handles its own errors). */
export async function eachAtMost(count: number, limit: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
}
