import type { SubjectReleaseReason } from './subject.events';

export type ReserveSubject = { type: 'ReserveSubject'; subjectHash: string; memberId: string };
export type ReleaseSubject = { type: 'ReleaseSubject'; subjectHash: string; memberId: string; reason: SubjectReleaseReason };

export type SubjectCommand = ReserveSubject | ReleaseSubject;
