// HTTP APIs' request ids look like "JKJaXmPLvHcESHA=": 11 random bytes in base64.
import { randomBase64 } from '../../../server/random-pool.js';

export const newRequestId = (): string => randomBase64(11);
