// A torch-engine problem the user can fix (a missing install, flags that cannot work, an
// error the training script reported): the CLI prints the message as one line, then the
// detail (the end of torch.log) where there is one, and exits 1. No stack trace.
export class TorchEngineError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = "TorchEngineError";
  }
}
