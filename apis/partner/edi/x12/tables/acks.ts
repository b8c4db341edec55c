/**
 * 997 Functional Acknowledgment (003040 to 005010) and 999 Implementation Acknowledgment (005010X231): read to
 * match the acknowledgments of what we sent. Code lists are the published ones (715, 716, 717, 718, 720, 723).
 */
import { ELEMENT_ERROR_CODES, GROUP_ACK_CODES, GROUP_ERROR_CODES, SEGMENT_ERROR_CODES, SET_ACK_CODES, SET_ERROR_CODES } from '../codes';
import type { SetTableSpec } from '../set-table';

const list = (codes: object): string => Object.keys(codes).join(',');

const AK1 = { elements: ['M 479 ID 2/2', 'M 28 N0 1/9', 'O 480 AN 1/12'] };
const AK2 = { elements: ['M 143 ID 3/3', 'M 329 AN 4/9', 'O 1705 AN 1/35'] };
const C030 = { composite: 'M C030', components: ['M 722 N0 1/2', 'O 1528 N0 1/2', 'O 1686 N0 1/4'] };
const AK9 = {
  elements: [
    `M 715 ID 1/1 ${list(GROUP_ACK_CODES)}`, 'M 97 N0 1/6', 'M 123 N0 1/6', 'M 2 N0 1/6',
    ...Array.from({ length: 5 }, () => `O 716 ID 1/3 ${list(GROUP_ERROR_CODES)}`),
  ],
};
const SET_RESPONSE = [`M 717 ID 1/1 ${list(SET_ACK_CODES)}`, ...Array.from({ length: 5 }, () => `O 718 ID 1/3 ${list(SET_ERROR_CODES)}`)];

export const table997: SetTableSpec = {
  id: '997',
  name: 'Functional Acknowledgment',
  functionalId: 'FA',
  segments: {
    AK1,
    AK2,
    AK3: { elements: ['M 721 ID 2/3', 'M 719 N0 1/10', 'O 447 AN 1/6', `O 720 ID 1/3 ${list(SEGMENT_ERROR_CODES)}`] },
    AK4: { elements: [C030, 'O 725 N0 1/4', `M 723 ID 1/3 ${list(ELEMENT_ERROR_CODES)}`, 'O 724 AN 1/99'] },
    AK5: { elements: SET_RESPONSE },
    AK9,
  },
  body: [
    'AK1 M 1',
    { loop: 'AK2', use: 'O', max: 999999, body: ['AK2 M 1', { loop: 'AK3', use: 'O', max: 999999, body: ['AK3 M 1', 'AK4 O 99'] }, 'AK5 M 1'] },
    'AK9 M 1',
  ],
};

export const table999: SetTableSpec = {
  id: '999',
  name: 'Implementation Acknowledgment',
  functionalId: 'FA',
  segments: {
    AK1: { elements: ['M 479 ID 2/2', 'M 28 N0 1/9', 'M 480 AN 1/12'] },
    AK2,
    IK3: { elements: ['M 721 ID 2/3', 'M 719 N0 1/10', 'O 447 AN 1/4', `O 620 ID 1/3 ${list(SEGMENT_ERROR_CODES)}`] },
    CTX: {
      elements: [
        { composite: 'M C998 x10', components: ['M 9999 AN 1/35', 'O 9998 AN 1/35'] },
        'X 721 ID 2/3', 'X 719 N0 1/10', 'O 447 AN 1/4',
        { composite: 'O C030', components: ['M 722 N0 1/2', 'O 1528 N0 1/2', 'O 1686 N0 1/4'] },
        { composite: 'O C999', components: ['M 725 N0 1/4', 'O 725 N0 1/4'] },
      ],
      syntax: ['P0203'],
    },
    IK4: { elements: [C030, 'O 725 N0 1/4', `M 621 ID 1/3 ${list(ELEMENT_ERROR_CODES)}`, 'O 724 AN 1/99'] },
    IK5: { elements: SET_RESPONSE },
    AK9,
  },
  body: [
    'AK1 M 1',
    {
      loop: 'AK2', use: 'O', max: 999999,
      body: [
        'AK2 M 1',
        { loop: 'IK3', use: 'O', max: 999999, body: ['IK3 M 1', 'CTX O 10', { loop: 'IK4', use: 'O', max: 99, body: ['IK4 M 1', 'CTX O 10'] }] },
        'IK5 M 1',
      ],
    },
    'AK9 M 1',
  ],
};
