import type { CountryCode } from 'libphonenumber-js/max';
import type { BuiltinEntityType } from './entity-types.js';
import type { Recognizer } from './recognizer.js';
import { createAwsSecretKeyRecognizer } from './recognizers/aws-secret-key-recognizer.js';
import { createCredentialAssignmentRecognizer } from './recognizers/credential-assignment-recognizer.js';
import { createDateOfBirthRecognizer } from './recognizers/date-of-birth-recognizer.js';
import { createEmailRecognizer } from './recognizers/email-recognizer.js';
import { createHighEntropySecretRecognizer } from './recognizers/high-entropy-secret-recognizer.js';
import { createIbanRecognizer } from './recognizers/iban-recognizer.js';
import { createIpAddressRecognizer } from './recognizers/ip-address-recognizer.js';
import { createJwtRecognizer } from './recognizers/jwt-recognizer.js';
import { createPaymentCardRecognizer } from './recognizers/payment-card-recognizer.js';
import { createPhoneRecognizer } from './recognizers/phone-recognizer.js';
import { createPrivateKeyRecognizer } from './recognizers/private-key-recognizer.js';
import { createUsSsnRecognizer } from './recognizers/us-ssn-recognizer.js';
import {
  createAnthropicKeyRecognizer,
  createAwsAccessKeyIdRecognizer,
  createGithubTokenRecognizer,
  createGitlabTokenRecognizer,
  createOpenAiKeyRecognizer,
  createSlackTokenRecognizer,
  createSlackWebhookRecognizer,
  createStripeKeyRecognizer,
} from './recognizers/vendor-token-recognizers.js';

export interface BuiltinRecognizerOptions {
  /** Regions for national phone numbers, the default region first. */
  readonly phoneRegions: readonly CountryCode[];
  readonly entropyThreshold: number;
}

/** The built-in recognizer for each entity type. */
export function createBuiltinRecognizer(entityType: BuiltinEntityType, options: BuiltinRecognizerOptions): Recognizer {
  switch (entityType) {
    case 'EMAIL':
      return createEmailRecognizer();
    case 'PHONE':
      return createPhoneRecognizer({ regions: options.phoneRegions });
    case 'CREDIT_CARD':
      return createPaymentCardRecognizer();
    case 'IBAN':
      return createIbanRecognizer();
    case 'US_SSN':
      return createUsSsnRecognizer();
    case 'IP_ADDRESS':
      return createIpAddressRecognizer();
    case 'DATE_OF_BIRTH':
      return createDateOfBirthRecognizer();
    case 'AWS_ACCESS_KEY_ID':
      return createAwsAccessKeyIdRecognizer();
    case 'AWS_SECRET_ACCESS_KEY':
      return createAwsSecretKeyRecognizer();
    case 'GITHUB_TOKEN':
      return createGithubTokenRecognizer();
    case 'GITLAB_TOKEN':
      return createGitlabTokenRecognizer();
    case 'SLACK_TOKEN':
      return createSlackTokenRecognizer();
    case 'SLACK_WEBHOOK':
      return createSlackWebhookRecognizer();
    case 'STRIPE_KEY':
      return createStripeKeyRecognizer();
    case 'OPENAI_API_KEY':
      return createOpenAiKeyRecognizer();
    case 'ANTHROPIC_API_KEY':
      return createAnthropicKeyRecognizer();
    case 'JWT':
      return createJwtRecognizer();
    case 'PRIVATE_KEY':
      return createPrivateKeyRecognizer();
    case 'CREDENTIAL':
      return createCredentialAssignmentRecognizer();
    case 'GENERIC_SECRET':
      return createHighEntropySecretRecognizer({ minEntropy: options.entropyThreshold });
  }
}
