// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKithSignatures} from "./IKithSignatures.sol";

/// @title Kith posts
/// @notice Posts, replies, quotes and reposts record a content digest; bodies live off-chain.
///         Nothing is stored per post: the events are the record, and the id is a commitment.
/// @dev Post ids: `authorId << 160 | uint160(keccak256(abi.encode(authorId, kind, targetId, contentHash)))`.
///      The id commits to its author, kind, target and digest, so a reply or quote names exactly
///      the post its author saw: after a reorg it can only attach to that post, never to another
///      one that happens to land at the same position (Lens v2 audit M-08). The id is also known
///      before the transaction is mined, and is the same if the transaction is re-included.
///      The author sits in the top 96 bits so authorship needs no storage read.
interface IKithPosts {
    /// @notice What a post is. `targetId` is 0 for `Post`, the parent for `Reply`, the quoted post
    ///         for `Quote` and the reposted post for `Repost`.
    enum PostKind {
        Post,
        Reply,
        Quote,
        Repost
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The content digest is zero.
    error EmptyContent();
    /// @notice The URI is longer than `max` bytes.
    error UriTooLong(uint256 length, uint256 max);
    /// @notice `postId` cannot be a post: its author part is not a registered profile.
    error UnknownPost(uint256 postId);
    /// @notice `postId` was not written by `profileId`.
    error NotAuthor(uint256 postId, uint256 profileId);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice `profileId` published `postId`. `actor` is the address that authorized it (the
    ///         custody, or an app key), `contentHash` the sha256 digest of the body, `uri` an
    ///         optional location of the body.
    /// @dev The indexer may rely on: `postId` is derived as documented on this interface, and
    ///      `targetId` (0 for `Post`) has a registered author. The same id can emit again (same
    ///      author, kind, target and digest): while the post is live that is a duplicate to
    ///      ignore; after `PostDeleted(postId)` it brings the post back as of the new block.
    event Posted(
        uint256 indexed postId,
        uint256 indexed profileId,
        uint256 indexed targetId,
        PostKind kind,
        address actor,
        bytes32 contentHash,
        string uri
    );

    /// @notice `profileId` likes `postId`. `actor` authorized it (custody or app key).
    /// @dev Nothing is stored: a like is a set membership the indexer keeps. `Liked(p, x)` may
    ///      emit again while `p` already likes `x` (a no-op), and `Unliked` for a like that does not
    ///      exist is a no-op too. The post's author is a registered profile.
    event Liked(uint256 indexed postId, uint256 indexed profileId, address actor);

    /// @notice `profileId` no longer likes `postId` (see `Liked`).
    event Unliked(uint256 indexed postId, uint256 indexed profileId, address actor);

    /// @notice The author tombstoned `postId`. Clients must stop showing its content.
    /// @dev Only the author can emit it. It may name an id that was never posted (a no-op).
    event PostDeleted(uint256 indexed postId, uint256 indexed profileId, address actor);

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice Longest URI a post may carry, in bytes.
    function MAX_URI_LENGTH() external view returns (uint256);

    /// @notice The id a post with these fields has (or will have). `profileId` must be below 2**96,
    ///         as every registered id is.
    function computePostId(uint256 profileId, PostKind kind, uint256 targetId, bytes32 contentHash)
        external
        pure
        returns (uint256);

    /// @notice The author encoded in a post id.
    function authorOf(uint256 postId) external pure returns (uint256);

    /*//////////////////////////////////////////////////////////////
                                ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Publishes a post. Custody, or an app key with the post scope (as for every post action).
    /// @param contentHash sha256 digest of the body (nonzero).
    /// @param uri Optional location of the body, at most `MAX_URI_LENGTH` bytes.
    function post(uint256 profileId, bytes32 contentHash, string calldata uri) external returns (uint256 postId);

    /// @notice Publishes a reply to `parentId` (any post, including replies).
    function reply(uint256 profileId, uint256 parentId, bytes32 contentHash, string calldata uri)
        external
        returns (uint256 postId);

    /// @notice Publishes a post quoting `quotedId` with its own content.
    function quote(uint256 profileId, uint256 quotedId, bytes32 contentHash, string calldata uri)
        external
        returns (uint256 postId);

    /// @notice Reposts `repostedId`. Undo it by deleting the returned id.
    function repost(uint256 profileId, uint256 repostedId) external returns (uint256 postId);

    /// @notice Tombstones `postId`, which `profileId` must have written.
    function deletePost(uint256 profileId, uint256 postId) external;

    /// @notice `profileId` likes `postId`. Custody, or an app key with the react scope.
    function like(uint256 profileId, uint256 postId) external;

    /// @notice `profileId` takes back its like of `postId` (react scope).
    function unlike(uint256 profileId, uint256 postId) external;

    /*//////////////////////////////////////////////////////////////
                            SIGNED ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice `post` with the signature of the custody or an app key with the post scope.
    function postFor(uint256 profileId, bytes32 contentHash, string calldata uri, IKithSignatures.SignedAuth calldata auth)
        external
        returns (uint256 postId);

    /// @notice `reply` with a signature (post scope).
    function replyFor(
        uint256 profileId,
        uint256 parentId,
        bytes32 contentHash,
        string calldata uri,
        IKithSignatures.SignedAuth calldata auth
    ) external returns (uint256 postId);

    /// @notice `quote` with a signature (post scope).
    function quoteFor(
        uint256 profileId,
        uint256 quotedId,
        bytes32 contentHash,
        string calldata uri,
        IKithSignatures.SignedAuth calldata auth
    ) external returns (uint256 postId);

    /// @notice `repost` with a signature (post scope).
    function repostFor(uint256 profileId, uint256 repostedId, IKithSignatures.SignedAuth calldata auth)
        external
        returns (uint256 postId);

    /// @notice `deletePost` with a signature (post scope).
    function deletePostFor(uint256 profileId, uint256 postId, IKithSignatures.SignedAuth calldata auth) external;

    /// @notice `like` with a signature (react scope).
    function likeFor(uint256 profileId, uint256 postId, IKithSignatures.SignedAuth calldata auth) external;

    /// @notice `unlike` with a signature (react scope).
    function unlikeFor(uint256 profileId, uint256 postId, IKithSignatures.SignedAuth calldata auth) external;
}
