/** Something that can be undone, such as a registration. */
export interface Disposable {
  dispose(): void;
}

export const Disposable = {
  create(fn: () => void): Disposable {
    let done = false;
    return {
      dispose(): void {
        if (!done) {
          done = true;
          fn();
        }
      },
    };
  },
};
