import { InProcessTransport } from '../../host/transport/in-process';
import { transportContract } from './transport-contract';
import { openSimBoard } from './sim-fixtures';

transportContract('in-process', async () => ({
  transport: new InProcessTransport(() => openSimBoard('sim')),
  async cleanup() {
    /* the transport owns and closes the twin */
  },
}));
