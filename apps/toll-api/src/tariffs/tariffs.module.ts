import { Module } from '@nestjs/common';
import { TariffsService } from './tariffs.service';

@Module({ providers: [TariffsService], exports: [TariffsService] })
export class TariffsModule {}
