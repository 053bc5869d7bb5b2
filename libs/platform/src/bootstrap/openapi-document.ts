import { INestApplication, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PUBLIC_ROUTE, ROUTE_ROLES } from '../auth/auth.decorators';

/** What the code (not the decorators) says about one route: the truth the document must match. */
export interface RouteFacts {
  /** As @nestjs/swagger names it: `<Controller>_<method>`. */
  operationId: string;
  httpMethod: string;
  /** Needs no token (@Public()). */
  isPublic: boolean;
  /** Roles the route admits (@Roles()), if it limits them. */
  roles?: string[];
  /** The status a success answers with: @HttpCode(), else Nest's default (201 for POST, 200 otherwise). */
  successStatus: number;
}

export const PROBLEM_SCHEMA = 'ProblemDetails';
export const BEARER_SCHEME = 'bearer';

/** Every error answer of every service has this shape (the ProblemDetailsFilter writes it). */
const PROBLEM_DETAILS: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details, with eduaid’s stable code, the request id and, for invalid input, one entry per field.',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId'],
  properties: {
    type: { type: 'string', example: 'https://eduaid.local/problems/request.invalid' },
    title: { type: 'string', example: 'Bad request' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
    detail: { type: 'string', example: 'The request has invalid fields.' },
    instance: { type: 'string', description: 'The request’s path and query', example: '/students?limit=0' },
    code: { type: 'string', example: 'request.invalid' },
    requestId: { type: 'string', description: 'Quote it when reporting a problem; also in the X-Request-Id header' },
    errors: {
      type: 'array',
      description: 'Field errors, for invalid input',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string', example: 'limit' }, message: { type: 'string', example: 'limit must not be less than 1' } },
      },
    },
  },
};

/** What each added error answer means, when the controller did not say it better. */
const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: a malformed field, parameter or body (field errors listed)',
  401: 'No token, or a token that is invalid, expired or revoked',
  403: 'The caller’s role or jurisdiction does not allow it',
  404: 'No such record (or none the caller may see)',
  409: 'Conflicts with the record’s current state',
  413: 'The body is too large',
  415: 'The body’s content type is not one this operation takes',
  422: 'A business rule refuses it',
  503: 'A dependency is down; try again',
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Builds a service's OpenAPI document and makes it say what the code does, in one place so that
 * controllers stay thin: a global bearer scheme; `security: []` on public routes (health, login);
 * on every operation the problem answers that the platform itself gives — 400 where there is any
 * input to validate, 401 and 403 where a token is needed, 404 where a path names a record — and
 * the ProblemDetails schema on every error answer, including those a controller declared.
 * Answers a controller declares itself (409, 422, a better description) are kept. The rules the
 * validation pipe enforces are published in the request schemas (see publishValidationRules).
 */
export function buildOpenApiDocument(app: INestApplication, info: { title: string; description: string; version: string }): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(info.title)
      .setDescription(info.description)
      .setVersion(info.version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A token from casework’s POST /auth/login' }, BEARER_SCHEME)
      .addSecurityRequirements(BEARER_SCHEME)
      .build(),
  );
  publishValidationRules(app, document);
  portablePatterns(document);
  return describeProblems(document, routeFacts(app));
}

/** Adds the problem answers and the security of each operation (see buildOpenApiDocument). */
export function describeProblems(document: OpenAPIObject, facts: Map<string, RouteFacts>): OpenAPIObject {
  document.components = document.components ?? {};
  document.components.schemas = { ...document.components.schemas, [PROBLEM_SCHEMA]: PROBLEM_DETAILS };
  const problemRef: ReferenceObject = { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` };

  for (const pathItem of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as OperationObject | undefined;
      if (!operation) continue;
      const route = operation.operationId ? facts.get(operation.operationId) : undefined;
      const isPublic = route?.isPublic ?? false;
      const parameters = [...((pathItem.parameters ?? []) as ParameterObject[]), ...((operation.parameters ?? []) as ParameterObject[])];
      const hasPathParams = parameters.some((p) => p.in === 'path');
      const hasInput = parameters.some((p) => p.in === 'path' || p.in === 'query') || operation.requestBody !== undefined;

      const added = new Set<number>();
      if (hasInput) added.add(400);
      if (!isPublic) {
        added.add(401);
        added.add(403);
      }
      if (hasPathParams) added.add(404);
      if (operation.requestBody !== undefined) added.add(415);

      operation.responses = operation.responses ?? {};
      for (const status of added) {
        if (!operation.responses[status]) operation.responses[status] = { description: DEFAULT_DESCRIPTIONS[status] };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        const code = Number(status);
        if (!(code >= 400) || !response || '$ref' in response) continue;
        const answer = response as ResponseObject;
        answer.description = answer.description || DEFAULT_DESCRIPTIONS[code] || 'A problem';
        answer.content = { 'application/problem+json': { schema: problemRef } };
      }
      if (isPublic) operation.security = [];
    }
  }
  return document;
}

interface ValidatorMetadata {
  propertyName: string;
  name?: string;
  constraints?: unknown[];
  each?: boolean;
}
interface TypeMetadataStorage {
  findTypeMetadata(target: object, propertyName: string): { typeFunction?: () => unknown } | undefined;
}
type Class = new (...args: never[]) => unknown;
type Schema = SchemaObject & { $ref?: string };

function validatorsOf(target: Class): ValidatorMetadata[] {
  return getMetadataStorage().getTargetValidationMetadatas(target, '', true, false) as ValidatorMetadata[];
}

/**
 * A JavaScript pattern as a portable JSON Schema pattern: `\d` spelled `[0-9]`, since other
 * tools' regex engines (Python's, for a fuzzer) read `\d` as any Unicode digit and JavaScript
 * does not. Answers undefined for patterns that do not travel (flags, Unicode classes, lookbehind).
 */
function portablePattern(pattern: unknown, modifiers: unknown): string | undefined {
  const regex = pattern instanceof RegExp ? pattern : typeof pattern === 'string' ? new RegExp(pattern, typeof modifiers === 'string' ? modifiers : undefined) : undefined;
  if (!regex || regex.flags.replace(/[gu]/g, '') !== '' || /\\[pPu]|\(\?<[=!]/.test(regex.source)) return undefined;
  let out = '';
  let inClass = false;
  for (let i = 0; i < regex.source.length; i++) {
    const c = regex.source[i];
    if (c === '\\') {
      const next = regex.source[i + 1];
      out += next === 'd' ? (inClass ? '0-9' : '[0-9]') : c + next;
      i++;
      continue;
    }
    if (c === '[') inClass = true;
    if (c === ']') inClass = false;
    out += c;
  }
  return out;
}

/** Validators whose first constraint is, as it stands, the value of a schema keyword. */
const KEYWORD_OF_VALIDATOR = new Map<string | undefined, 'minLength' | 'maxLength' | 'minimum' | 'maximum' | 'minItems' | 'maxItems'>([
  ['minLength', 'minLength'],
  ['maxLength', 'maxLength'],
  ['min', 'minimum'],
  ['max', 'maximum'],
  ['arrayMinSize', 'minItems'],
  ['arrayMaxSize', 'maxItems'],
]);

/** Writes one class-validator constraint into a schema, unless the schema already says it. */
function applyConstraint(schema: Schema, meta: ValidatorMetadata): void {
  if (schema.$ref) return;
  const target = meta.each ? (schema.items as Schema | undefined) : schema;
  if (!target || target.$ref) return;
  const [a, b] = meta.constraints ?? [];
  const setIfAbsent = <K extends keyof SchemaObject>(key: K, value: SchemaObject[K] | undefined) => {
    if (value !== undefined && target[key] === undefined) target[key] = value;
  };
  const keyword = KEYWORD_OF_VALIDATOR.get(meta.name);
  if (keyword) {
    setIfAbsent(keyword, a as number);
    return;
  }
  switch (meta.name) {
    case 'matches':
      if (target.format !== 'uuid') setIfAbsent('pattern', portablePattern(a, b));
      break;
    case 'isLength':
      setIfAbsent('minLength', typeof a === 'number' ? a : undefined);
      setIfAbsent('maxLength', typeof b === 'number' ? b : undefined);
      break;
    case 'isNotEmpty':
      if (target.type === 'string') setIfAbsent('minLength', 1);
      break;
    case 'isInt':
      if (target.type === 'number' || target.type === undefined) target.type = 'integer';
      break;
    case 'isIn':
      if (target.type !== 'array' && Array.isArray(a)) setIfAbsent('enum', a);
      break;
  }
}

/**
 * Publishes what the validation pipe enforces (patterns, lengths, ranges, enums, whole numbers)
 * in the request schemas and parameters that do not say it already, so that clients and the
 * fuzzer see the same rules the server applies. Explicit @ApiProperty options win.
 */
export function publishValidationRules(app: INestApplication, document: OpenAPIObject): void {
  const types = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TypeMetadataStorage }).defaultMetadataStorage;
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const seen = new Set<Class>();
  const visit = (target: Class) => {
    if (seen.has(target)) return;
    seen.add(target);
    const schema = schemas[target.name];
    for (const meta of validatorsOf(target)) {
      const property = schema?.properties?.[meta.propertyName] as Schema | undefined;
      if (property) applyConstraint(property, meta);
      const nested = types.findTypeMetadata(target, meta.propertyName)?.typeFunction?.();
      if (typeof nested === 'function' && nested.prototype) visit(nested as Class);
    }
  };

  const handlers = new Map<string, Class[]>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Class | undefined;
      if (!controller?.prototype) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const argumentTypes = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? []) as unknown[];
        const dtos = argumentTypes.filter((t): t is Class => typeof t === 'function' && validatorsOf(t as Class).length > 0);
        dtos.forEach(visit);
        handlers.set(`${controller.name}_${name}`, dtos);
      }
    }
  }
  for (const pathItem of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as OperationObject | undefined;
      for (const parameter of (operation?.parameters ?? []) as ParameterObject[]) {
        if (!parameter.schema || (parameter.in !== 'path' && parameter.in !== 'query')) continue;
        for (const dto of handlers.get(operation?.operationId ?? '') ?? []) {
          for (const meta of validatorsOf(dto).filter((m) => m.propertyName === parameter.name)) applyConstraint(parameter.schema as Schema, meta);
        }
      }
    }
  }
}

/** Rewrites every `pattern` of the document (explicit ones too) in its portable form. */
function portablePatterns(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(portablePatterns);
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'pattern' && typeof value === 'string') record[key] = portablePattern(value, undefined) ?? value;
    else portablePatterns(value);
  }
}

/** The facts of every routed handler of the application, by operation id. */
export function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller?.prototype) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        const httpMethod = RequestMethod[requestMethod];
        const metadataOf = <T>(key: string): T | undefined => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
        facts.set(`${controller.name}_${name}`, {
          operationId: `${controller.name}_${name}`,
          httpMethod,
          isPublic: metadataOf<boolean>(PUBLIC_ROUTE) === true,
          roles: metadataOf<string[]>(ROUTE_ROLES),
          successStatus: (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (requestMethod === RequestMethod.POST ? 201 : 200),
        });
      }
    }
  }
  return facts;
}
