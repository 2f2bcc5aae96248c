/**
 * `/v1/models` in Anthropic's shape (`{data: [{type: "model", id, display_name, created_at}],
 * has_more, first_id, last_id}`), for clients that send `anthropic-version`: Claude Code and the
 * Anthropic SDK read this shape, not OpenAI's. Every model is on one page.
 */
export function anthropicModelList(models: readonly object[]): unknown {
  const data = models.map((model) => {
    const id = String(Reflect.get(model, 'id'));
    const created: unknown = Reflect.get(model, 'created');
    return { type: 'model', id, display_name: id, created_at: new Date((typeof created === 'number' ? created : 0) * 1000).toISOString() };
  });
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
