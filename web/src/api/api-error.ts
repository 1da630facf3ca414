/** An error answer from the server, `{"error":{"code","message"}}`, kept with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Reads the server's error body, or describes the status when the body is not the contract's shape. */
export async function toApiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.code)
      return new ApiError(response.status, body.error.code, body.error.message ?? body.error.code);
  } catch {
    // Not JSON (a proxy error page, say): fall through to the status line.
  }
  return new ApiError(response.status, `HTTP_${response.status}`, response.statusText || 'Request failed');
}
