/** Keys used across the auth tests: one per role and plane. */
export const KEYS = {
  admin: 'sk-admin-control-0001',
  readOnly: 'sk-readonly-control-0001',
  user: 'sk-user-data-0001',
  limited: 'sk-limited-data-0001',
  dataReadOnly: 'sk-readonly-data-0001',
} as const;

export function authConfig(): Record<string, unknown> {
  return {
    auth: {
      api_keys: [
        { id: 'user', key: KEYS.user },
        { id: 'limited', key: KEYS.limited, models: ['fake-model'], endpoints: ['/v1/chat/completions', '/v1/keys/self'] },
        { id: 'data-reader', key: KEYS.dataReadOnly, role: 'read-only' },
      ],
      control_plane_api_keys: [
        { id: 'ops', name: 'Ops', key: KEYS.admin },
        { id: 'auditor', key: KEYS.readOnly, role: 'read-only' },
      ],
    },
  };
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}
