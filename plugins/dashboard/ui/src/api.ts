// Every figure on the page comes from the gateway's control-plane JSON API, called with the admin key
// the user pasted: kept in this page's memory only (no storage, no cookie: a reload or a closed tab
// forgets it, and nothing another script could read survives the page), sent only in the
// Authorization header.

let key: string | null = null;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const adminKey = (): string | null => key;
export const rememberKey = (typed: string): void => {
  key = typed;
};
export const forgetKey = (): void => {
  key = null;
};

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

function errorMessage(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !('error' in data)) return undefined;
  const error = data.error;
  if (typeof error !== 'object' || error === null || !('message' in error)) return undefined;
  return typeof error.message === 'string' ? error.message : undefined;
}

/**
 * One control-plane call; refused calls throw the gateway's own message (OpenAI error shape). The
 * answer is the gateway's own API, typed by the caller: the page renders it as text only, so a
 * field of an unexpected shape shows oddly but can never run as script.
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const key = adminKey();
  if (key === null) throw new ApiError(401, 'Not signed in.');
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
    redirect: 'error',
  });
  const data = parseJson(await response.text());
  if (!response.ok) throw new ApiError(response.status, errorMessage(data) ?? `${response.status} ${response.statusText}`);
  return data as T;
}

export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
