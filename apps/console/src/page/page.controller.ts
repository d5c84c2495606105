import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import * as path from 'node:path';
import { AssetNotFoundError } from './asset-not-found.error';
import { ASSETS, publicDir } from './page-assets';

/** The one page, and the files it loads. */
@ApiExcludeController()
@Controller()
export class PageController {
  @Get()
  index(@Res() res: Response): void {
    res.type('text/html; charset=utf-8').sendFile(path.join(publicDir(), 'index.html'));
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) throw new AssetNotFoundError(name);
    res.type(asset.type).sendFile(asset.file());
  }
}
