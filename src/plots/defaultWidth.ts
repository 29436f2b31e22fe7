/** Container width, or `fallback` when the container is not laid out yet. */
export function defaultWidth(container: HTMLElement, requested: number | undefined, fallback = 600): number {
  if (requested !== undefined) {
    if (!(requested > 0)) throw new Error(`chart width must be a positive number of pixels, got ${requested}`);
    return requested;
  }
  return container.clientWidth > 0 ? container.clientWidth : fallback;
}
