import { componentEmbed, componentNew } from '@bytecodealliance/jco';

/**
 * A component of any WIT world, with a generated dummy core module: for shapes the gateway must
 * refuse at registration (imports, other exports, other signatures), never for running.
 */
/** `interfaces` are WIT interface definitions the world may import or export. */
export async function dummyComponent(world: string, interfaces = ''): Promise<Buffer> {
  const embedded = await componentEmbed({ dummy: true, witSource: `package test:hostile;\n\n${interfaces}\n\nworld hostile {\n${world}\n}\n`, world: 'hostile', stringEncoding: 'utf8' });
  return Buffer.from(await componentNew(embedded));
}
