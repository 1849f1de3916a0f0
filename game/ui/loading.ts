// The loading bar between pressing Play and seeing the arena: the game's code (Phaser is most
// of the download), the join, and the first state. Each step fills its share when it is done.

export type LoadingStep = [label: string, done: Promise<unknown>];

export class LoadingBar {
  private run = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly fill: HTMLElement,
    private readonly text: HTMLElement,
  ) {}

  /** Shows the bar until every step is done (or `hide` is called). */
  track(steps: LoadingStep[]): void {
    const run = ++this.run;
    const finished = new Set<number>();
    const show = () => {
      if (run !== this.run) return;
      if (finished.size === steps.length) return this.hide();
      // A sliver for the step under way, so the bar moves as soon as the player presses Play.
      const share = (finished.size + 0.25) / steps.length;
      this.fill.style.transform = `scaleX(${share})`;
      this.root.setAttribute("aria-valuenow", String(Math.round(share * 100)));
      this.text.textContent = steps.find((_, i) => !finished.has(i))![0];
    };
    steps.forEach(([, done], i) =>
      done.then(
        () => {
          finished.add(i);
          show();
        },
        () => undefined,
      ),
    );
    this.root.hidden = false;
    show();
  }

  hide(): void {
    this.run++;
    this.root.hidden = true;
  }
}
