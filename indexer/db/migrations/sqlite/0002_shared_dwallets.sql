ALTER TABLE `dwallets` ADD `public_user_share` text;
