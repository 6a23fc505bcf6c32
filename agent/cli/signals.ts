// Turns SIGINT/SIGTERM into an AbortSignal for the CLI; a second signal exits at once.

export interface StopSignal {
  signal: AbortSignal;
  /** Removes the process signal handlers. */
  dispose(): void;
}

export function stopOnProcessSignals(onSecond: () => void = () => process.exit(130)): StopSignal {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) onSecond();
    else controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
