import { Injectable } from '@nestjs/common';
import { PrismaService } from '@paystream/db';
import { ChargeNotFoundError } from './charge-not-found.error';
import { ChargeView, toChargeView } from './charge-view';

@Injectable()
export class ChargesService {
  constructor(private readonly prisma: PrismaService) {}

  async get(chargeId: string): Promise<ChargeView> {
    const charge = await this.prisma.tollCharge.findUnique({
      where: { id: chargeId },
      include: { exit: true },
    });
    if (!charge) throw new ChargeNotFoundError(chargeId);
    return toChargeView(charge);
  }

  /** Newest first. */
  async listByPlate(plate: string, limit: number): Promise<ChargeView[]> {
    const charges = await this.prisma.tollCharge.findMany({
      where: { plate },
      include: { exit: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: limit,
    });
    return charges.map(toChargeView);
  }
}
