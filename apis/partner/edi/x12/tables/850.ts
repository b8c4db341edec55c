/**
 * 850 Purchase Order, versions 003010 to 005010: the segments we read with element rules, the full loop structure
 * (heading, detail, summary) so any standard segment is placed. Where versions differ, the longer maximum is used.
 */
import type { SetTableSpec } from '../set-table';

const N1_BASIC = ['N1 M 1', 'N2 O 2', 'N3 O 2', 'N4 O >1'];

export const table850: SetTableSpec = {
  id: '850',
  name: 'Purchase Order',
  functionalId: 'PO',
  segments: {
    BEG: {
      elements: [
        'M 353 ID 2/2', 'M 92 ID 2/2', 'M 324 AN 1/22', 'O 328 AN 1/30', 'M 373 DT 8/8', 'O 367 AN 1/30',
        'O 587 ID 2/2', 'O 1019 ID 3/3', 'O 1166 ID 2/2', 'O 1232 ID 2/2', 'O 786 ID 2/2', 'O 640 ID 2/2',
      ],
    },
    CUR: {
      elements: [
        'M 98 ID 2/3', 'M 100 ID 3/3', 'O 280 R 4/10', 'O 98 ID 2/3', 'O 100 ID 3/3', 'O 669 ID 3/3',
        'X 374 ID 3/3', 'O 373 DT 8/8', 'O 337 TM 4/8', 'X 374 ID 3/3', 'X 373 DT 8/8', 'X 337 TM 4/8',
        'X 374 ID 3/3', 'X 373 DT 8/8', 'X 337 TM 4/8', 'X 374 ID 3/3', 'X 373 DT 8/8', 'X 337 TM 4/8',
        'X 374 ID 3/3', 'X 373 DT 8/8', 'X 337 TM 4/8',
      ],
    },
    REF: {
      elements: [
        'M 128 ID 2/3', 'X 127 AN 1/50', 'X 352 AN 1/80',
        { composite: 'O C040', components: ['M 128 ID 2/3', 'M 127 AN 1/50', 'X 128 ID 2/3', 'X 127 AN 1/50', 'X 128 ID 2/3', 'X 127 AN 1/50'] },
      ],
      syntax: ['R0203'],
    },
    PER: {
      elements: ['M 366 ID 2/2', 'O 93 AN 1/60', 'X 365 ID 2/2', 'X 364 AN 1/256', 'X 365 ID 2/2', 'X 364 AN 1/256', 'X 365 ID 2/2', 'X 364 AN 1/256', 'O 443 AN 1/20'],
      syntax: ['P0304', 'P0506', 'P0708'],
    },
    DTM: {
      elements: ['M 374 ID 3/3', 'X 373 DT 8/8', 'X 337 TM 4/8', 'O 623 ID 2/2', 'X 1250 ID 2/3', 'X 1251 AN 1/35'],
      syntax: ['R020305', 'C0403', 'P0506'],
    },
    N1: {
      elements: ['M 98 ID 2/3', 'X 93 AN 1/60', 'X 66 ID 1/2', 'X 67 AN 2/80', 'O 706 ID 2/2', 'O 98 ID 2/3'],
      syntax: ['R0203', 'P0304'],
    },
    N2: { elements: ['M 93 AN 1/60', 'O 93 AN 1/60'] },
    N3: { elements: ['M 166 AN 1/55', 'O 166 AN 1/55'] },
    N4: {
      elements: ['O 19 AN 2/30', 'O 156 ID 2/2', 'O 116 ID 3/15', 'O 26 ID 2/3', 'X 309 ID 1/2', 'O 310 AN 1/30', 'O 1715 ID 1/3'],
      syntax: ['C0605'],
    },
    PO1: {
      elements: [
        'O 350 AN 1/20', 'X 330 R 1/15', 'O 355 ID 2/2', 'X 212 R 1/17', 'O 639 ID 2/2',
        ...Array.from({ length: 10 }, () => ['X 235 ID 2/2', 'X 234 AN 1/48']).flat(),
      ],
      syntax: ['C0302', 'C0504', 'P0607', 'P0809', 'P1011', 'P1213', 'P1415', 'P1617', 'P1819', 'P2021', 'P2223', 'P2425'],
    },
    PID: {
      elements: ['M 349 ID 1/1 F,S,X', 'O 750 ID 2/3', 'X 559 ID 2/2', 'X 751 AN 1/12', 'X 352 AN 1/80', 'O 752 ID 2/2', 'O 822 AN 1/15', 'O 1073 ID 1/1 N,U,W,Y', 'O 819 ID 2/3'],
      syntax: ['C0403', 'R0405', 'C0703', 'C0804', 'C0905'],
    },
    CTT: {
      elements: ['M 354 N0 1/6', 'O 347 R 1/10', 'X 81 R 1/10', 'X 355 ID 2/2', 'X 183 R 1/8', 'X 355 ID 2/2', 'O 352 AN 1/80'],
      syntax: ['P0304', 'P0506'],
    },
    AMT: { elements: ['M 522 ID 1/3', 'M 782 R 1/18', 'O 478 ID 1/1 C,D'] },
  },
  body: [
    // Heading
    'BEG M 1', 'CUR O 1', 'REF O >1', 'PER O 3', 'TAX O >1', 'FOB O >1', 'CTP O >1', 'PAM O 10', 'CSH O 5', 'TC2 O >1',
    { loop: 'SAC', use: 'O', max: 25, body: ['SAC M 1', 'CUR O 1'] },
    'ITD O >1', 'DIS O 20', 'INC O 1', 'DTM O 10', 'LDT O 12', 'LIN O 5', 'SI O >1', 'PID O 200', 'MEA O 40', 'PWK O 25',
    'PKG O 200', 'TD1 O 2', 'TD5 O 12', 'TD3 O 12', 'TD4 O 5', 'MAN O 10', 'PCT O >1', 'CTB O 5', 'TXI O >1',
    { loop: 'AMT', use: 'O', max: '>1', body: ['AMT M 1', 'REF O >1', 'DTM O 1', 'PCT O >1', { loop: 'FA1', use: 'O', max: '>1', body: ['FA1 M 1', 'FA2 M >1'] }] },
    { loop: 'N9', use: 'O', max: 1000, body: ['N9 M 1', 'DTM O >1', 'MSG O 1000'] },
    { loop: 'N1', use: 'O', max: 200, body: [...N1_BASIC, 'NX2 O >1', 'REF O 12', 'PER O >1', 'SI O >1', 'FOB O 1', 'TD1 O 2', 'TD5 O 12', 'TD3 O 12', 'TD4 O 5', 'PKG O 200'] },
    { loop: 'LM', use: 'O', max: '>1', body: ['LM M 1', { loop: 'LQ', use: 'M', max: '>1', body: ['LQ M 1', 'NTE O 100'] }] },
    {
      loop: 'SPI', use: 'O', max: '>1',
      body: [
        'SPI M 1', 'REF O 5', 'DTM O 5', 'MSG O 50',
        { loop: 'N1', use: 'O', max: 20, body: ['N1 M 1', 'N2 O 2', 'N3 O 2', 'N4 O 1', 'REF O 20', 'G61 O 1', 'MSG O 50'] },
        { loop: 'CB1', use: 'O', max: '>1', body: ['CB1 M 1', 'REF O 20', 'DTM O 5', 'LDT O 1', 'MSG O 50'] },
      ],
    },
    { loop: 'ADV', use: 'O', max: '>1', body: ['ADV M 1', 'DTM O >1', 'MTX O >1'] },
    // Detail
    {
      loop: 'PO1', use: 'M', max: 100000,
      body: [
        'PO1 M 1', 'LIN O >1', 'SI O >1', 'CUR O 1', 'CN1 O 1', 'PO3 O 25',
        { loop: 'CTP', use: 'O', max: '>1', body: ['CTP M 1', 'CUR O 1'] },
        'PAM O 10', 'MEA O 40',
        { loop: 'PID', use: 'O', max: 1000, body: ['PID M 1', 'MEA O 10'] },
        'PWK O 25', 'PO4 O >1', 'REF O >1', 'PER O 3',
        { loop: 'SAC', use: 'O', max: 25, body: ['SAC M 1', 'CUR O 1', 'CTP O 1'] },
        'IT8 O 1', 'CSH O >1', 'ITD O 2', 'DIS O 20', 'INC O 1', 'TAX O >1', 'FOB O >1', 'SDQ O 500', 'IT3 O 5',
        'DTM O 10', 'TC2 O >1', 'TD1 O 1', 'TD5 O 12', 'TD3 O 12', 'TD4 O 5', 'PCT O >1', 'MAN O 10', 'MSG O >1',
        'SPI O >1', 'TXI O >1', 'CTB O >1',
        { loop: 'QTY', use: 'O', max: '>1', body: ['QTY M 1', 'SI O >1'] },
        { loop: 'SCH', use: 'O', max: 200, body: ['SCH M 1', 'TD1 O 2', 'TD5 O 12', 'TD3 O 12', 'TD4 O 5', 'REF O >1'] },
        { loop: 'PKG', use: 'O', max: 200, body: ['PKG M 1', 'MEA O >1'] },
        'LS O 1',
        { loop: 'LDT', use: 'O', max: 1000, body: ['LDT M 1', 'QTY O >1', 'MSG O 1', 'REF O 3'] },
        { loop: 'N9', use: 'O', max: 1000, body: ['N9 M 1', 'DTM O >1', 'MEA O 40', 'MSG O 1000'] },
        {
          loop: 'N1', use: 'O', max: 200,
          body: [...N1_BASIC, 'QTY O >1', 'NX2 O >1', 'REF O 12', 'PER O 3', 'SI O >1', 'DTM O 1', 'FOB O 1', 'SCH O 200', 'TD1 O 2', 'TD5 O 12', 'TD3 O 12', 'TD4 O 5', 'PKG O 200'],
        },
        'LE O 1',
        {
          loop: 'SLN', use: 'O', max: 1000,
          body: [
            'SLN M 1', 'MSG O >1', 'SI O >1', 'PID O 1000', 'PO3 O 104', 'TC2 O >1', 'ADV O >1', 'DTM O 10', 'CTP O 25', 'PAM O 10', 'PO4 O 1', 'TAX O 3',
            { loop: 'N9', use: 'O', max: '>1', body: ['N9 M 1', 'DTM O >1', 'MSG O >1'] },
            { loop: 'SAC', use: 'O', max: 25, body: ['SAC M 1', 'CUR O 1', 'CTP O 1'] },
            { loop: 'QTY', use: 'O', max: '>1', body: ['QTY M 1', 'SI O >1'] },
            { loop: 'N1', use: 'O', max: 10, body: [...N1_BASIC.slice(0, 3), 'N4 O 1', 'NX2 O >1', 'REF O 12', 'PER O 3', 'SI O >1'] },
          ],
        },
        { loop: 'AMT', use: 'O', max: '>1', body: ['AMT M 1', 'REF O 1', 'PCT O >1'] },
        { loop: 'LM', use: 'O', max: '>1', body: ['LM M 1', { loop: 'LQ', use: 'M', max: '>1', body: ['LQ M 1', 'NTE O 100'] }] },
      ],
    },
    // Summary
    { loop: 'CTT', use: 'O', max: 1, body: ['CTT M 1', 'AMT O 1'] },
  ],
};
