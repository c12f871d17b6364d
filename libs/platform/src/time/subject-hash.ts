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

/** Checks the form only; the message a caller gives must not echo the value. */
export const isValidSubject = (subject: string): boolean => SUBJECT.test(normaliseSubject(subject));
