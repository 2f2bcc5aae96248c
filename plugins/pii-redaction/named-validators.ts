import type { CountryCode } from 'libphonenumber-js/max';
import { isValidIban } from './recognizers/iban-recognizer.js';
import { isValidCardNumber, passesLuhn } from './recognizers/payment-card-recognizer.js';
import { isValidPhoneNumber } from './recognizers/phone-recognizer.js';
import { isValidSsn } from './recognizers/us-ssn-recognizer.js';
import ipaddr from 'ipaddr.js';

/** Checks an operator's custom recognizer can name; each takes the matched text. */
export const VALIDATOR_NAMES = ['luhn', 'credit_card', 'iban', 'ssn', 'ip', 'phone'] as const;
export type ValidatorName = (typeof VALIDATOR_NAMES)[number];

export function isValidatorName(name: string): name is ValidatorName {
  return (VALIDATOR_NAMES as readonly string[]).includes(name);
}

export function createNamedValidator(name: ValidatorName, phoneRegions: readonly CountryCode[]): (text: string) => boolean {
  switch (name) {
    case 'luhn':
      // The digits of the match, wherever they sit (a prefix like "ACC" is allowed).
      return (text) => {
        const digits = text.replace(/\D/g, '');
        return digits.length >= 2 && passesLuhn(digits);
      };
    case 'credit_card':
      return isValidCardNumber;
    case 'iban':
      return isValidIban;
    case 'ssn':
      return (text) => {
        const parts = /^(\d{3})[- ]?(\d{2})[- ]?(\d{4})$/.exec(text);
        return parts !== null && isValidSsn(parts[1] ?? '', parts[2] ?? '', parts[3] ?? '');
      };
    case 'ip':
      return (text) => ipaddr.isValid(text);
    case 'phone':
      return (text) => isValidPhoneNumber(text, phoneRegions);
  }
}
