import { UnprocessableEntityException } from '@nestjs/common';

/** 422: the request is well-formed but no tariff prices this vehicle class on this route. */
export class TariffNotFoundError extends UnprocessableEntityException {
  constructor(vehicleClass: string, entryPlazaId: string | null, exitPlazaId: string) {
    const route = entryPlazaId
      ? `from ${entryPlazaId} to ${exitPlazaId}`
      : `at exit ${exitPlazaId} (no entry)`;
    super({
      statusCode: 422,
      error: 'tariff_not_found',
      message: `no tariff for vehicle class '${vehicleClass}' ${route}: unknown vehicle class, plaza or route`,
      problems: [
        {
          field: 'vehicleClass/plazaId/entryPlazaId',
          reason: `no tariff for '${vehicleClass}' ${route}`,
        },
      ],
    });
  }
}
