/**
 * Writes a command's result to stdout and resolves once it is handed to the OS, so a large
 * report is not cut short by `process.exit` when stdout is a pipe (asynchronous on macOS).
 */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}
