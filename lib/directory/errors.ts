/** An export the importer refuses: the message names the file, the line and the problem. */
export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(file ? `${file}${line ? `, ligne ${line}` : ''} : ${message}` : message);
    this.name = 'ImportRefused';
  }
}
