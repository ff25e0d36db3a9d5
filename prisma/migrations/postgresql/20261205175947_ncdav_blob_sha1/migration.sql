-- AlterTable
ALTER TABLE "Blob" ADD COLUMN     "sha1" TEXT;
