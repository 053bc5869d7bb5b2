import { Column, Entity, PrimaryColumn } from 'typeorm';

/** "Revoke all of a user's tokens" (casework.token_cutoffs): tokens issued before not_before are refused. */
@Entity({ schema: 'casework', name: 'token_cutoffs' })
export class TokenCutoffEntity {
  @PrimaryColumn({ name: 'user_id', type: 'text' }) userId!: string;
  @Column({ name: 'not_before', type: 'timestamptz' }) notBefore!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
