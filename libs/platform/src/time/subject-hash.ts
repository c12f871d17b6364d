import { createHmac } from 'node:crypto';

/**
 * M-ADM-7: identity across applications is the ID number / unified social credit code, kept only
 * as a keyed hash (HMAC-SHA256 with SUBJECT_KEY) so bans can be matched without storing it.
 * Normalised first so that spacing and a lower-case 'x' do not make a different person.
 */
export const normaliseSubject = (subject: string): string => subject.replace(/[\s-]/g, '').toUpperCase();

export const keyedSubjectHash = (key: string, subject: string): string =>
  createHmac('sha256', key).update(normaliseSubject(subject)).digest('hex');
