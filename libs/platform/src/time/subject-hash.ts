import { DomainError } from '@opc/kernel';
import { createHmac } from 'node:crypto';

/**
 * M-ADM-7: identity across applications is the ID number / unified social credit code, kept only
 * as a keyed hash (HMAC-SHA256 with SUBJECT_KEY) so bans can be matched without storing it.
 * Normalised first so that spacing and a lower-case 'x' do not make a different person.
 */
export const normaliseSubject = (subject: string): string => subject.replace(/[\s-]/g, '').toUpperCase();

export const keyedSubjectHash = (key: string, subject: string): string =>
  createHmac('sha256', key).update(normaliseSubject(subject)).digest('hex');

// 18-character resident ID / unified social credit code, or a legacy 15-digit ID.
const SUBJECT = /^(?:[0-9A-Z]{18}|[0-9]{15})$/;

/** Checks the form only, and refuses without echoing the value (an ID number must not come back in an error). */
export const assertValidSubject = (subject: string): void => {
  if (!SUBJECT.test(normaliseSubject(subject)))
    throw new DomainError('VALIDATION_FAILED', 'subject must be an 18-character ID number or unified social credit code');
};
