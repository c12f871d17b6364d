import { yuanToFen } from '@opc/kernel';
import type { DisciplineRules } from './penalty-catalogue';

/**
 * The penalty table of the source rules (Ch. 8 §2) as they took effect on 2026-04-01, clause by
 * clause. Amounts are whole yuan in the table and fen here. Where the table is silent, a
 * [choice] comment gives what the product decided. A forced exit without `banYears` takes the
 * rule set's default ban (M-BAN-2).
 */
export const PENALTY_CATALOGUE_V1: DisciplineRules = {
  rectificationWorkingDays: 5,
  publicityWorkingDays: 3,
  appealAnswerWorkingDays: 3,
  clauses: {
    // ── M-PEN-1 Entry and exit ────────────────────────────────────────────────────────────────
    'M-PEN-1a': {
      clause: 'M-PEN-1a',
      title: 'Entering without admission',
      titleZh: '擅自入驻',
      text: 'Ordered to leave at once, the deposit (if any) forfeited and a ¥500 fine.',
      textZh: '擅自入驻：责令立即退出+没收保证金（如有）+罚款 500 元。',
      immediate: true,
      scheduled: false,
      requires: [],
      tiers: [
        {
          label: 'each time',
          repeat: { from: 1 },
          // [choice] No forcedExit: the person was never properly admitted, so there is no membership
          // to end (and no M-EXIT-2 ban); they are ordered out instead.
          penalty: { orders: ['leave-at-once'], depositForfeited: true, fine: { fixedFen: yuanToFen(500) } },
        },
      ],
    },
    'M-PEN-1b': {
      clause: 'M-PEN-1b',
      title: 'Late exit',
      titleZh: '逾期退出',
      text: '1–3 days late a warning; 4–7 days a ¥300 fine; more than 7 days forced exit (the space cleared out), the deposit forfeited and a ¥1,000 fine.',
      textZh: '逾期退出：逾期 1-3 天警告，4-7 天罚款 300 元，超过 7天强制退出+没收保证金+罚款 1000 元。',
      immediate: false,
      scheduled: true,
      requires: [],
      tiers: [
        { label: '1-3 days late', daysLate: 1, penalty: { warning: true } },
        { label: '4-7 days late', daysLate: 4, penalty: { fine: { fixedFen: yuanToFen(300) } } },
        {
          label: 'more than 7 days late',
          // "超过 7天": from day 8.
          daysLate: 8,
          penalty: {
            forcedExit: true,
            orders: ['forced-clear-out'],
            depositForfeited: true,
            fine: { fixedFen: yuanToFen(1000) },
          },
        },
      ],
    },
    'M-PEN-1c': {
      clause: 'M-PEN-1c',
      title: 'Sublet or lend the space',
      titleZh: '转租转借',
      text: 'Warning and rectification; not rectified: forced exit, deposit forfeited, a ¥800 fine and no re-entry for 1 year.',
      textZh: '转租转借：警告整改，整改不到位则强制退出+没收保证金+罚款 800 元，1年内不得再入驻。',
      immediate: false,
      scheduled: false,
      requires: [],
      tiers: [
        {
          label: 'first',
          repeat: { from: 1 },
          penalty: { warning: true },
          rectification: { requirements: 'end the sublet or loan and use the space only as the member itself' },
          onNotRectified: { forcedExit: true, depositForfeited: true, fine: { fixedFen: yuanToFen(800) }, banYears: 1 },
        },
      ],
    },

    // ── M-PEN-2 Use of space ──────────────────────────────────────────────────────────────────
    'M-PEN-2a': {
      clause: 'M-PEN-2a',
      title: 'Damage to facilities',
      titleZh: '损坏设施',
      text: 'Damage worth ¥500 or less: compensation and a warning. More than ¥500: compensation and a fine of ¥200–500; serious cases also lose the use of public spaces for 1 week.',
      textZh: '损坏设施：价值≤500 元照价赔偿+警告，价值＞500 元照价赔偿+罚款 200-500 元，情节严重暂停公共空间使用 1周。',
      immediate: false,
      scheduled: false,
      requires: ['damageFen'],
      tiers: [
        // [choice] The suspension adds to the > ¥500 penalty; a serious case worth ¥500 or less takes the
        // ≤ ¥500 tier. Listed first so it wins over the plain > ¥500 tier.
        {
          label: 'more than ¥500, serious',
          repeat: { from: 1 },
          when: { damageAboveFen: yuanToFen(500), serious: true },
          penalty: {
            compensation: true,
            fine: { minFen: yuanToFen(200), maxFen: yuanToFen(500) },
            suspension: { resource: 'public-space', days: 7 },
          },
        },
        {
          label: 'more than ¥500',
          repeat: { from: 1 },
          when: { damageAboveFen: yuanToFen(500) },
          penalty: { compensation: true, fine: { minFen: yuanToFen(200), maxFen: yuanToFen(500) } },
        },
        {
          label: '¥500 or less',
          repeat: { from: 1 },
          when: { damageAtMostFen: yuanToFen(500) },
          penalty: { compensation: true, warning: true },
        },
      ],
    },
    'M-PEN-2b': {
      clause: 'M-PEN-2b',
      title: 'Pollution',
      titleZh: '污染环境',
      text: 'First time a warning, second a ¥50 fine, third and later ¥100 each time.',
      textZh: '污染环境：首次警告，二次罚款 50 元，三次及以上罚款 100 元/次。',
      immediate: false,
      scheduled: false,
      requires: [],
      tiers: [
        { label: 'first', repeat: { from: 1, to: 1 }, penalty: { warning: true } },
        { label: 'second', repeat: { from: 2, to: 2 }, penalty: { fine: { fixedFen: yuanToFen(50) } } },
        { label: 'third and more', repeat: { from: 3 }, penalty: { fine: { fixedFen: yuanToFen(100) } } },
      ],
    },
    'M-PEN-2c': {
      clause: 'M-PEN-2c',
      title: 'Misuse of space (including blocking fire exits)',
      titleZh: '违规使用空间（含占用消防通道等）',
      text: 'First time a warning and rectification, second a ¥200 fine, third and later forced exit.',
      textZh: '违规使用空间（含占用消防通道等）：首次警告整改，二次罚款 200 元，三次及以上强制退出。',
      immediate: false,
      scheduled: false,
      requires: [],
      tiers: [
        {
          label: 'first',
          repeat: { from: 1, to: 1 },
          penalty: { warning: true },
          // [choice] The table names no penalty for a first notice not rectified: none (onNotRectified
          // omitted); a further breach is the next repeat.
          rectification: { requirements: 'stop the misuse, clear any fire exit or passage, and use the space only as agreed' },
        },
        { label: 'second', repeat: { from: 2, to: 2 }, penalty: { fine: { fixedFen: yuanToFen(200) } } },
        { label: 'third and more', repeat: { from: 3 }, penalty: { forcedExit: true } },
      ],
    },

    // ── M-PEN-3 Use of resources ──────────────────────────────────────────────────────────────
    'M-PEN-3a': {
      clause: 'M-PEN-3a',
      title: 'Abuse of resources',
      titleZh: '滥用资源',
      text: 'First time a warning and resources suspended for 3 days; second a fine of ¥100–300 and resources suspended for 1 week; third and later forced exit.',
      textZh: '滥用资源：首次警告+暂停资源使用 3天，二次罚款 100-300 元+暂停 1周，三次及以上强制退出。',
      immediate: false,
      scheduled: false,
      requires: [],
      tiers: [
        {
          label: 'first',
          repeat: { from: 1, to: 1 },
          penalty: { warning: true, suspension: { resource: 'resource-permissions', days: 3 } },
        },
        {
          label: 'second',
          repeat: { from: 2, to: 2 },
          penalty: {
            fine: { minFen: yuanToFen(100), maxFen: yuanToFen(300) },
            suspension: { resource: 'resource-permissions', days: 7 },
          },
        },
        { label: 'third and more', repeat: { from: 3 }, penalty: { forcedExit: true } },
      ],
    },
    'M-PEN-3b': {
      clause: 'M-PEN-3b',
      title: 'Subsidy fraud',
      titleZh: '违规套取补贴',
      text: 'The gains are confiscated, a fine of ¥500–2,000, forced exit and no re-entry for 3 years; serious cases are reported to the authorities.',
      textZh: '违规套取补贴：没收违规所得+罚款 500-2000 元+强制退出，3年内不得再入驻，情节严重上报相关部门。',
      immediate: true,
      scheduled: false,
      requires: [],
      tiers: [
        {
          label: 'serious',
          repeat: { from: 1 },
          when: { serious: true },
          penalty: {
            confiscateGains: true,
            fine: { minFen: yuanToFen(500), maxFen: yuanToFen(2000) },
            forcedExit: true,
            banYears: 3,
            report: true,
          },
        },
        {
          label: 'not serious',
          repeat: { from: 1 },
          penalty: {
            confiscateGains: true,
            fine: { minFen: yuanToFen(500), maxFen: yuanToFen(2000) },
            forcedExit: true,
            banYears: 3,
          },
        },
      ],
    },
    'M-PEN-3c': {
      clause: 'M-PEN-3c',
      title: 'Damage to public resources',
      titleZh: '损坏公共资源',
      text: 'Compensation and a warning; not rectified: public resources suspended for 1 week.',
      textZh: '损坏公共资源：照价赔偿+警告，整改不到位暂停公共资源使用 1周。',
      immediate: false,
      scheduled: false,
      requires: ['damageFen'],
      tiers: [
        {
          label: 'each time',
          repeat: { from: 1 },
          penalty: { compensation: true, warning: true },
          rectification: { requirements: 'pay the compensation and have the damaged resource repaired or replaced' },
          onNotRectified: { suspension: { resource: 'public-resources', days: 7 } },
        },
      ],
    },

    // ── M-PEN-4 Business conduct ──────────────────────────────────────────────────────────────
    'M-PEN-4a': {
      clause: 'M-PEN-4a',
      title: 'False advertising',
      titleZh: '虚假宣传',
      text: 'First time a warning and rectification; not rectified: a fine of ¥300–500. Second time and later forced exit.',
      textZh: '虚假宣传：首次警告整改，整改不到位罚款 300-500 元，二次及以上强制退出。',
      immediate: false,
      scheduled: false,
      requires: [],
      tiers: [
        {
          label: 'first',
          repeat: { from: 1, to: 1 },
          penalty: { warning: true },
          rectification: { requirements: 'withdraw or correct the false claims in every channel where they were published' },
          onNotRectified: { fine: { minFen: yuanToFen(300), maxFen: yuanToFen(500) } },
        },
        { label: 'second and more', repeat: { from: 2 }, penalty: { forcedExit: true } },
      ],
    },
    'M-PEN-4b': {
      clause: 'M-PEN-4b',
      title: 'Pyramid selling, infringement or piracy',
      titleZh: '传销/侵权盗版',
      text: 'Immediate forced exit, the deposit forfeited and a report to the authorities; legal liability is pursued (outside this system).',
      textZh: '传销/侵权盗版：立即强制退出+没收保证金+上报相关部门，追究法律责任。',
      immediate: true,
      scheduled: false,
      requires: [],
      tiers: [
        {
          label: 'each time',
          repeat: { from: 1 },
          penalty: { forcedExit: true, depositForfeited: true, report: true, orders: ['legal-liability'] },
        },
      ],
    },
    'M-PEN-4c': {
      clause: 'M-PEN-4c',
      title: 'Promotion without approval',
      titleZh: '擅自宣传',
      text: 'A warning, the material cleaned up and a fine of ¥100–200; serious cases also lose the use of the community for 3 days.',
      textZh: '擅自宣传：警告清理+罚款 100-200 元，情节严重暂停社区使用 3天。',
      immediate: false,
      scheduled: false,
      requires: [],
      tiers: [
        {
          label: 'serious',
          repeat: { from: 1 },
          when: { serious: true },
          penalty: {
            warning: true,
            orders: ['clean-up'],
            fine: { minFen: yuanToFen(100), maxFen: yuanToFen(200) },
            suspension: { resource: 'community-use', days: 3 },
          },
        },
        {
          label: 'not serious',
          repeat: { from: 1 },
          penalty: { warning: true, orders: ['clean-up'], fine: { minFen: yuanToFen(100), maxFen: yuanToFen(200) } },
        },
      ],
    },

    // ── M-PEN-5 Information and behaviour ─────────────────────────────────────────────────────
    'M-PEN-5a': {
      clause: 'M-PEN-5a',
      title: 'Leaking information',
      titleZh: '泄露信息',
      text: 'No loss caused: a warning and an apology. Loss caused: compensation and a fine of ¥500–1,000. Serious cases: forced exit, the loss still owed.',
      textZh: '泄露信息：未造成损失警告道歉，造成损失承担赔偿+罚款 500-1000 元，情节严重强制退出。',
      immediate: false,
      scheduled: false,
      // [choice] The officer states the loss (0: none), so "no loss" is never assumed by omission.
      requires: ['damageFen'],
      tiers: [
        // The loss is still owed when the leak is serious enough to force the member out.
        { label: 'serious', repeat: { from: 1 }, when: { serious: true }, penalty: { forcedExit: true, compensation: true } },
        {
          label: 'loss caused',
          repeat: { from: 1 },
          when: { loss: true },
          penalty: { compensation: true, fine: { minFen: yuanToFen(500), maxFen: yuanToFen(1000) } },
        },
        { label: 'no loss', repeat: { from: 1 }, when: { loss: false }, penalty: { warning: true, orders: ['apologise'] } },
      ],
    },
    'M-PEN-5b': {
      clause: 'M-PEN-5b',
      title: 'Provoking trouble',
      titleZh: '寻衅滋事',
      text: 'First time a warning and an apology, second a ¥200 fine, third and later forced exit.',
      textZh: '寻衅滋事：首次警告道歉，二次罚款 200 元，三次及以上强制退出。',
      immediate: false,
      scheduled: false,
      requires: [],
      tiers: [
        { label: 'first', repeat: { from: 1, to: 1 }, penalty: { warning: true, orders: ['apologise'] } },
        { label: 'second', repeat: { from: 2, to: 2 }, penalty: { fine: { fixedFen: yuanToFen(200) } } },
        { label: 'third and more', repeat: { from: 3 }, penalty: { forcedExit: true } },
      ],
    },
    'M-PEN-5c': {
      clause: 'M-PEN-5c',
      title: "A visitor's breach",
      titleZh: '访客违规',
      text: 'The visitor is warned and removed; the host member is held responsible: a warning the first time, a ¥50 fine the second time and each later time.',
      textZh: '访客违规：警告驱离，追究被访主体责任，首次警告，二次罚款 50 元。',
      immediate: false,
      scheduled: false,
      requires: [],
      // [choice] The visitor is removed every time (the removal concerns the visitor, not the host's
      // count); the third and later times cost ¥50 again (anything graver falls under M-PEN-8).
      tiers: [
        { label: 'first', repeat: { from: 1, to: 1 }, penalty: { warning: true, orders: ['remove-visitor'] } },
        {
          label: 'second',
          repeat: { from: 2, to: 2 },
          penalty: { fine: { fixedFen: yuanToFen(50) }, orders: ['remove-visitor'] },
        },
        {
          label: 'third and more',
          repeat: { from: 3 },
          penalty: { fine: { fixedFen: yuanToFen(50) }, orders: ['remove-visitor'] },
        },
      ],
    },

    // ── M-PEN-6 Safety ────────────────────────────────────────────────────────────────────────
    'M-PEN-6a': {
      clause: 'M-PEN-6a',
      title: 'Safety hazard',
      titleZh: '安全隐患',
      text: 'A warning, rectification and a fine of ¥200–500.',
      textZh: '安全隐患：警告整改+罚款 200-500 元。',
      immediate: false,
      scheduled: false,
      requires: [],
      tiers: [
        {
          label: 'each time',
          repeat: { from: 1 },
          // The fine comes with the notice, not after it. [choice] The table names nothing more for a
          // hazard left in place: onNotRectified omitted (a hazard found again is a new case).
          penalty: { warning: true, fine: { minFen: yuanToFen(200), maxFen: yuanToFen(500) } },
          rectification: { requirements: 'remove the safety hazard (fire, security or network) and show it is removed' },
        },
      ],
    },
    'M-PEN-6b': {
      clause: 'M-PEN-6b',
      title: 'Causing a safety accident',
      titleZh: '引发安全事故',
      text: 'Forced exit and compensation; legal liability is pursued (outside this system).',
      textZh: '引发安全事故：强制退出+承担赔偿+追究法律责任。',
      immediate: true,
      scheduled: false,
      requires: ['damageFen'],
      tiers: [
        {
          label: 'each time',
          repeat: { from: 1 },
          penalty: { forcedExit: true, compensation: true, orders: ['legal-liability'] },
        },
      ],
    },
    'M-PEN-6c': {
      clause: 'M-PEN-6c',
      title: 'Network violations (fraud, spreading harmful information, …)',
      titleZh: '网络违规（诈骗、传不良信息等）',
      text: 'Immediate forced exit and a report to the authorities; legal liability is pursued (outside this system).',
      textZh: '网络违规（诈骗、传不良信息等）：立即强制退出+上报相关部门，追究法律责任。',
      immediate: true,
      scheduled: false,
      requires: [],
      tiers: [
        {
          label: 'each time',
          repeat: { from: 1 },
          penalty: { forcedExit: true, report: true, orders: ['legal-liability'] },
        },
      ],
    },

    // ── M-PEN-7 Overdue fees ──────────────────────────────────────────────────────────────────
    'M-PEN-7': {
      clause: 'M-PEN-7',
      title: 'Overdue fees',
      titleZh: '费用缴纳违规（逾期缴纳相关费用）',
      text: '1–7 days overdue a reminder and warning; 8–15 days a ¥100 fine; from day 16 resource permissions suspended until the fee is paid; from day 31 forced exit and the deposit (if any) forfeited.',
      textZh:
        '逾期 1-7 天：警告催告；逾期 8-15 天：罚款 100 元；逾期 15 天以上：暂停资源使用权限，直至结清；逾期 30 天以上：强制退出+没收保证金（如有）',
      immediate: false,
      scheduled: true,
      requires: [],
      tiers: [
        { label: 'M-PEN-7a', daysLate: 1, penalty: { warning: true } },
        { label: 'M-PEN-7b', daysLate: 8, penalty: { fine: { fixedFen: yuanToFen(100) } } },
        // [choice] "15 天以上" from day 16 and "30 天以上" from day 31, so the tiers do not overlap.
        { label: 'M-PEN-7c', daysLate: 16, penalty: { suspension: { resource: 'resource-permissions', untilPaid: true } } },
        { label: 'M-PEN-7d', daysLate: 31, penalty: { forcedExit: true, depositForfeited: true } },
      ],
    },

    // ── M-PEN-8 Other breaches ────────────────────────────────────────────────────────────────
    'M-PEN-8': {
      clause: 'M-PEN-8',
      title: 'Other breaches of the rules or the agreement',
      titleZh: '其他违规（违反规范及入驻协议其他约定）',
      text: 'By the gravity of the case a warning, a fine of ¥50–200 or a suspension of resource permissions; serious cases forced exit.',
      textZh: '根据情节轻重，给予警告、罚款 50-200 元、暂停资源使用权限，情节严重强制退出。',
      immediate: false,
      scheduled: false,
      requires: [],
      // [choice] The table lists the penalties without saying when each applies: they escalate with the
      // repeat count; a serious case is forced exit whatever the count (listed first so it wins).
      tiers: [
        { label: 'serious', repeat: { from: 1 }, when: { serious: true }, penalty: { forcedExit: true } },
        { label: 'first', repeat: { from: 1, to: 1 }, penalty: { warning: true } },
        { label: 'second', repeat: { from: 2, to: 2 }, penalty: { fine: { minFen: yuanToFen(50), maxFen: yuanToFen(200) } } },
        {
          label: 'third and more',
          repeat: { from: 3 },
          penalty: {
            fine: { minFen: yuanToFen(50), maxFen: yuanToFen(200) },
            suspension: { resource: 'resource-permissions', days: 7 },
          },
        },
      ],
    },
  },
};
