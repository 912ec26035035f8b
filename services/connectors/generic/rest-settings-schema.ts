import { PLACEHOLDER_NAME_PATTERN } from './rest.ts';

// JSON Schema (draft 2020-12) of a generic REST connector's settings. Every string, list and map
// has a maximum size, so settings typed into the portal stay small enough to store and show.
// A pattern's description completes the sentence "<path> must ...", and the validator shows it
// in place of the raw pattern.

export const MAX_OPERATIONS = 50;
export const MAX_QUERY_PARAMETERS = 20;
export const MAX_PATH_TEMPLATE_LENGTH = 2000;
export const MAX_QUERY_TEMPLATE_LENGTH = 1000;
export const MAX_RESPONSE_MAPPING_LENGTH = 5000;
export const REST_METHODS = ['GET', 'POST', 'PUT', 'PATCH'] as const;

const OPERATION_NAME = {
  type: 'string',
  pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$',
  description: 'start with a letter and contain only letters, digits, _ and -, at most 64 characters',
};

// Text with {name} placeholders and no stray braces.
const TEMPLATE_PART = `[^{}]|\\{${PLACEHOLDER_NAME_PATTERN}\\}`;

export const REST_SETTINGS_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://throughline.example/schemas/connectors/generic-rest-settings.json',
  type: 'object',
  required: ['operations'],
  additionalProperties: false,
  properties: {
    operations: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_OPERATIONS,
      items: {
        type: 'object',
        required: ['name', 'method', 'pathTemplate'],
        additionalProperties: false,
        properties: {
          name: OPERATION_NAME,
          method: { enum: REST_METHODS },
          pathTemplate: {
            type: 'string',
            maxLength: MAX_PATH_TEMPLATE_LENGTH,
            // No ? or #, because query parameters belong in the query map, where values are encoded.
            pattern: `^/(?:(?![?#\\s])(?:${TEMPLATE_PART}))*$`,
            description: 'start with / and contain no spaces, ? or #, with placeholders written as {name}',
          },
          query: {
            type: 'object',
            maxProperties: MAX_QUERY_PARAMETERS,
            propertyNames: {
              pattern: '^[^\\s{}]{1,100}$',
              description: 'be 1 to 100 characters without spaces or braces',
            },
            additionalProperties: {
              type: 'string',
              maxLength: MAX_QUERY_TEMPLATE_LENGTH,
              pattern: `^(?:${TEMPLATE_PART})*$`,
              description: 'write placeholders as {name}, with no other braces',
            },
          },
          responseMapping: { type: 'string', minLength: 1, maxLength: MAX_RESPONSE_MAPPING_LENGTH },
        },
      },
    },
    // The operation the connection test calls: a GET without side effects.
    checkOperation: OPERATION_NAME,
  },
} as const;
