import 'reflect-metadata';
import { Body, Controller, INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HttpErrorsFilter, IdempotencyKey, ZodValidationPipe } from '@paystream/http';
import { AddressInfo } from 'node:net';
import { z } from 'zod';

const bodySchema = z.object({ amount: z.number() }).strict();

@Controller()
class EchoController {
  @Post('echo')
  // Nest runs parameter pipes last parameter first: the key before the body names a bad body first.
  echo(
    @IdempotencyKey() key: string,
    @Body(new ZodValidationPipe(bodySchema)) body: z.infer<typeof bodySchema>,
  ) {
    return { key, amount: body.amount };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('@IdempotencyKey()', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create(EchoModule, { logger: false });
    app.useGlobalFilters(new HttpErrorsFilter());
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/echo`;
  });
  afterAll(() => app.close());

  const post = async (headers: Record<string, string>, body: unknown) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('hands the handler a valid key', async () => {
    expect(await post({ 'idempotency-key': 'key-12345678' }, { amount: 1 })).toEqual({
      status: 201,
      body: { key: 'key-12345678', amount: 1 },
    });
  });

  it.each([
    ['missing', {}, 'header Idempotency-Key is required'],
    ['too short', { 'idempotency-key': 'short' }, 'must be at least 8 characters'],
    [
      'with a space',
      { 'idempotency-key': 'key 12345678' },
      'may contain only letters, digits and . _ : -',
    ],
  ])('refuses a %s key with a 400 naming Idempotency-Key', async (_name, headers, reason) => {
    const res = await post(headers, { amount: 1 });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([{ field: 'Idempotency-Key', reason }]);
  });

  it('names the body first when the body and the key are both bad', async () => {
    const res = await post({}, { amount: 'one' });
    expect(res.status).toBe(400);
    expect((res.body.problems as { field: string }[]).map((p) => p.field)).toEqual(['amount']);
  });
});
