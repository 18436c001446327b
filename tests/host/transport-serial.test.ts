import { SerialTransport } from '../../host/transport/serial';
import { transportContract } from './transport-contract';
import { simOverPty } from './sim-fixtures';

transportContract('serial over a socat pty', async () => {
  const far = await simOverPty();
  return {
    transport: new SerialTransport({ path: far.ptyPath, baudRate: 115200 }),
    disconnect: () => far.killSocat(),
    cleanup: () => far.stop(),
  };
});
