import { NotFoundException } from '@nestjs/common';

export class AssetNotFoundError extends NotFoundException {
  constructor(name: string) {
    super({ statusCode: 404, error: 'not_found', message: `no asset named ${name}` });
  }
}
