import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A graduate's live activation code (casework.activation_codes): hashed, one per user, until used or expired. */
@Entity({ schema: 'casework', name: 'activation_codes' })
export class ActivationCodeEntity {
  @PrimaryColumn({ name: 'user_id', type: 'text' }) userId!: string;
  @Column({ name: 'code_hash', type: 'text' }) codeHash!: string;
  @Column({ name: 'code_salt', type: 'text' }) codeSalt!: string;
  @Column({ name: 'issued_by', type: 'text' }) issuedBy!: string;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt!: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'smallint', default: 0 }) failures!: number;
}
