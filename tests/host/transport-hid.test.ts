import { HidTransport } from '../../host/transport/hid';
import { CP2110 } from '../../host/transport/cp2110';
import { transportContract } from './transport-contract';
import { openSimBoard } from './sim-fixtures';
import { Cp2110Double } from './cp2110-double';

transportContract('hid (CP2110 device double → twin)', async () => {
  const sim = await openSimBoard('sim');
  const double = new Cp2110Double({ write: (b) => sim.write(b), onData: (cb) => sim.onData(cb) });
  return {
    transport: new HidTransport({ vendorId: CP2110.VENDOR_ID, productId: CP2110.PRODUCT_ID, backend: double }),
    disconnect: async () => double.unplug(),
    async cleanup() {
      expect(double.violations).toEqual([]);
      await sim.close();
    },
  };
});
