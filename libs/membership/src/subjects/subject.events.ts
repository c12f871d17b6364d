/** M-ADM-7 (one subject, one membership): the subject's application or membership holds it. */
export type SubjectReserved = {
  type: 'SubjectReserved.v1';
  data: { subjectHash: string; memberId: string };
};

/** The holder's application was rejected or its membership ended: the subject may apply again (bans permitting). */
export type SubjectReleased = {
  type: 'SubjectReleased.v1';
  data: { subjectHash: string; memberId: string; reason: SubjectReleaseReason };
};

export type SubjectReleaseReason = 'application-rejected' | 'membership-ended' | 'application-not-recorded';

export type SubjectEvent = SubjectReserved | SubjectReleased;
