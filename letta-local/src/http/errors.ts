/** Every non-2xx answer is `{"detail": "..."}` (R11), optionally with extra keys such as `run_id` (R29). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export const notFound = (detail: string) => new HttpError(404, detail);
export const badRequest = (detail: string) => new HttpError(400, detail);
export const unprocessable = (detail: string) => new HttpError(422, detail);
export const conflict = (detail: string, extra: Record<string, unknown> = {}) => new HttpError(409, detail, extra);
