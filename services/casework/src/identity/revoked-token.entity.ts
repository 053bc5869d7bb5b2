import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One token refused before it expires (casework.revoked_tokens): a logout, or an admin's revocation. */
@Entity({ schema: 'casework', name: 'revoked_tokens' })
export class RevokedTokenEntity {
  @PrimaryColumn({ name: 'token_id', type: 'text' }) tokenId!: string;
  @Column({ name: 'user_id', type: 'text' }) userId!: string;
  @Column({ name: 'revoked_at', type: 'timestamptz', insert: false, update: false }) revokedAt!: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'text' }) reason!: string;
}
