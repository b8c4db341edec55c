/**
 * The field checks of the envelope headers: every ISA field against its TA105 note code (ISA16 first), and what makes
 * a GS unusable (the interchange then gets TA1 024, since such a group cannot be named in a 997).
 */
import { hasControlCharacter } from './chars';
import { AUTHORIZATION_QUALIFIERS, INTERCHANGE_ID_QUALIFIERS, SECURITY_QUALIFIERS, type Ta1NoteCode } from './codes';
import { groupVersionNumber, isX12Date, isX12Time } from './dates';
import type { ReaderConfig } from './options';
import { isAlphanumeric, isWhitespace, versionNumber } from './separators';
import type { GroupHeader, InterchangeError, InterchangeHeader } from './types';

/** The TA1 findings of an ISA's fields, ISA16 first. */
export function checkInterchangeHeader(header: InterchangeHeader, config: Pick<ReaderConfig, 'interchangeVersions'>): InterchangeError[] {
  const errors: InterchangeError[] = [];
  const add = (code: Ta1NoteCode, message: string) => errors.push({ code, message });
  const { element, component, segment, repetition } = header.separators;
  if (component.length !== 1 || isAlphanumeric(component) || isWhitespace(component) || component === element || component === segment) {
    add('027', `ISA16 '${component}' cannot be the component separator`);
  }
  // A field holding one of the interchange's own separators could never be echoed back.
  const others = [element, component, segment, ...(repetition === undefined ? [] : [repetition])];
  const text = (value: string, width: number) => value.length === width && !hasControlCharacter(value) && !others.some((char) => value.includes(char));
  const id = (value: string) => text(value, 15) && value.trim() !== '';
  if (!AUTHORIZATION_QUALIFIERS.includes(header.authorizationQualifier)) add('010', `ISA01 '${header.authorizationQualifier}' is not an authorization information qualifier`);
  if (!text(header.authorization, 10)) add('011', 'ISA02 must be 10 characters');
  if (!SECURITY_QUALIFIERS.includes(header.securityQualifier)) add('012', `ISA03 '${header.securityQualifier}' is not a security information qualifier`);
  if (!text(header.security, 10)) add('013', 'ISA04 must be 10 characters');
  if (!INTERCHANGE_ID_QUALIFIERS.includes(header.senderQualifier)) add('005', `ISA05 '${header.senderQualifier}' is not an interchange id qualifier`);
  if (!id(header.senderId)) add('006', 'ISA06 must be 15 characters, not all blank');
  if (!INTERCHANGE_ID_QUALIFIERS.includes(header.receiverQualifier)) add('007', `ISA07 '${header.receiverQualifier}' is not an interchange id qualifier`);
  if (!id(header.receiverId)) add('008', 'ISA08 must be 15 characters, not all blank');
  if (!/^\d{6}$/.test(header.date) || !isX12Date(header.date)) add('014', `ISA09 '${header.date}' is not a YYMMDD date`);
  if (!/^\d{4}$/.test(header.time) || !isX12Time(header.time)) add('015', `ISA10 '${header.time}' is not an HHMM time`);
  const version = versionNumber(header.version);
  const isa11 = header.standardsOrRepetition;
  if (!(version >= 402)) {
    if (isa11 !== 'U') add('016', `ISA11 '${isa11}' is not the standards identifier U`);
  } else if (isa11.length !== 1 || (!isAlphanumeric(isa11) && repetition === undefined)) {
    add('016', `ISA11 '${isa11}' cannot be the repetition separator`);
  }
  if (Number.isNaN(version)) add('017', `ISA12 '${header.version}' is not a version number`);
  else if (!config.interchangeVersions.includes(header.version)) add('003', `ISA12 version ${header.version} is not supported`);
  if (!/^\d{9}$/.test(header.controlNumber)) add('018', `ISA13 '${header.controlNumber}' is not a 9-digit control number`);
  if (header.ackRequested !== '0' && header.ackRequested !== '1') add('019', `ISA14 '${header.ackRequested}' is not 0 or 1`);
  if (header.usage !== 'P' && header.usage !== 'T' && header.usage !== 'I') add('020', `ISA15 '${header.usage}' is not P, T or I`);
  return errors;
}

/** What is wrong with a GS (each makes the group unanswerable with a 997, so the interchange gets TA1 024). */
export function checkGroupHeader(header: GroupHeader): string[] {
  const problems: string[] = [];
  if (header.segment.elements.length < 8) problems.push(`GS has ${header.segment.elements.length} elements, 8 expected`);
  if (!/^[A-Z0-9]{2}$/.test(header.functionalId)) problems.push(`GS01 '${header.functionalId}' is not a functional identifier`);
  if (header.senderCode.length < 2 || header.senderCode.length > 15) problems.push('GS02 must be 2 to 15 characters');
  if (header.receiverCode.length < 2 || header.receiverCode.length > 15) problems.push('GS03 must be 2 to 15 characters');
  const version = groupVersionNumber(header.version);
  const dateLength = Number.isNaN(version) ? header.date.length : version < 4000 ? 6 : 8;
  if (header.date.length !== dateLength || !isX12Date(header.date)) problems.push(`GS04 '${header.date}' is not a ${dateLength === 6 ? 'YYMMDD' : 'CCYYMMDD'} date`);
  if (!isX12Time(header.time)) problems.push(`GS05 '${header.time}' is not a time`);
  if (!/^\d{1,9}$/.test(header.controlNumber)) problems.push(`GS06 '${header.controlNumber}' is not a 1-9 digit control number`);
  if (header.agency !== 'X' && header.agency !== 'T') problems.push(`GS07 '${header.agency}' is not X or T`);
  if (header.version.length < 1 || header.version.length > 12) problems.push('GS08 must be 1 to 12 characters');
  return problems;
}
