import {
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
  Logger,
  NestInterceptor,
} from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { DatabaseUnavailableError } from './database-unavailable.error';
import { isDatabaseUnavailable } from './is-database-unavailable';

/** Turns "cannot reach Postgres" into 503 instead of a 500. */
@Injectable()
export class DatabaseUnavailableInterceptor implements NestInterceptor {
  private readonly logger = new Logger(DatabaseUnavailableInterceptor.name);

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        // An answer already decided (e.g. outcome_unknown) is passed on as it is.
        if (error instanceof HttpException || !isDatabaseUnavailable(error))
          return throwError(() => error);
        this.logger.warn({ err: error }, 'database unavailable');
        return throwError(() => new DatabaseUnavailableError());
      }),
    );
  }
}
