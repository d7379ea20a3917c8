/** A one-line progress bar on stderr (left out when stderr is not a terminal, so pipes stay clean). */
export function progressBar(total: number, label: string): { tick(): void; done(): void } {
  const stream = process.stderr;
  let count = 0;
  const draw = () => {
    if (!stream.isTTY) return;
    const width = 30;
    const filled = total === 0 ? width : Math.round((count / total) * width);
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total}`);
  };
  draw();
  return {
    tick() {
      count += 1;
      draw();
    },
    done() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
