// The bench's upstream in a process of its own, so its CPU is not charged to the gateway or the client.
import { FakeUpstream } from '../support/fake-upstream.js';

const upstream = await new FakeUpstream({ record: false }).start(Number(process.argv[2] ?? 0));
process.stdout.write(`${upstream.url}\n`);
process.on('SIGTERM', () => void upstream.stop().then(() => process.exit(0)));
