-- The secrets page tokens are signed with (HMAC-SHA256), shared by every query replica so that a next-page request
-- may reach any of them. The first query process that finds none adds the row 'initial' (a second one racing it loses
-- on the primary key and reads the winner's); a rotation adds a row with a later created_at. Replicas sign with the
-- newest and still accept the one before it; they reload the keys every minute. Used only when
-- runstore.query.page-token-key is not configured.
CREATE TABLE page_token_key (
    key_id      VARCHAR(64)  NOT NULL,
    secret      VARCHAR(128) NOT NULL,
    created_at  BIGINT       NOT NULL,
    CONSTRAINT pk_page_token_key PRIMARY KEY (key_id)
);
