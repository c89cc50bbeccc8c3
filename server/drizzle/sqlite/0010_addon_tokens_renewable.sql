-- Add-on tokens are minted again from their installation's credentials: an invalid_grant answer
-- no longer sends them to reconnect (which add-on tokens cannot do). Those it sent there before
-- are renewable again, from their next due time.
UPDATE `tokens` SET `status` = 'active', `next_attempt_at` = NULL WHERE `grant` = 'client_credentials' AND `status` = 'needs_reauth';
