import { TcpTransport } from '../../host/transport/tcp';
import { transportContract } from './transport-contract';
import { simOverTcp } from './sim-fixtures';

transportContract('tcp', async () => {
  const far = await simOverTcp();
  return {
    transport: new TcpTransport({ host: '127.0.0.1', port: far.port }),
    disconnect: () => far.stop(),
    cleanup: () => far.stop().catch(() => undefined),
  };
});
