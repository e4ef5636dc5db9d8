// HTTP APIs' request ids look like "JKJaXmPLvHcESHA=": 11 random bytes in base64.
import { randomBytes } from 'node:crypto';

export const newRequestId = (): string => randomBytes(11).toString('base64');
