import { Module } from '@nestjs/common';
import { TariffsModule } from '../tariffs/tariffs.module';
import { ExitsController } from './exits.controller';
import { ExitsService } from './exits.service';

@Module({ imports: [TariffsModule], controllers: [ExitsController], providers: [ExitsService] })
export class ExitsModule {}
