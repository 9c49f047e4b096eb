import '@layerwise/backend-cpu';
import { setBackend } from '@layerwise/tensors';

await setBackend('cpu');
