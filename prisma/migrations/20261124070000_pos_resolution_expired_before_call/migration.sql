-- AlterEnum
ALTER TYPE "pos_payment_resolution" ADD VALUE 'expired_before_call';
