/** A request the server answers with a status of its own choosing instead of dispatching it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}
