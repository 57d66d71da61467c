// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithPosts} from "../interfaces/IKithPosts.sol";
import {KithAppKeys} from "./KithAppKeys.sol";
import {Scopes} from "../libraries/Scopes.sol";

/// @title KithPosts
/// @notice Posts, replies, quotes, reposts and deletes. Stores nothing: a post costs one storage
///         read (the author's custody) and one log.
abstract contract KithPosts is IKithPosts, KithAppKeys {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithPosts
    uint256 public constant MAX_URI_LENGTH = 512;

    /// @notice EIP-712 type hash of `Post`, signed for `postFor`.
    bytes32 public constant POST_TYPEHASH =
        keccak256("Post(uint256 profileId,bytes32 contentHash,string uri,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `Reply`, signed for `replyFor`.
    bytes32 public constant REPLY_TYPEHASH = keccak256(
        "Reply(uint256 profileId,uint256 parentId,bytes32 contentHash,string uri,uint256 nonce,uint256 deadline)"
    );
    /// @notice EIP-712 type hash of `Quote`, signed for `quoteFor`.
    bytes32 public constant QUOTE_TYPEHASH = keccak256(
        "Quote(uint256 profileId,uint256 quotedId,bytes32 contentHash,string uri,uint256 nonce,uint256 deadline)"
    );
    /// @notice EIP-712 type hash of `Repost`, signed for `repostFor`.
    bytes32 public constant REPOST_TYPEHASH =
        keccak256("Repost(uint256 profileId,uint256 repostedId,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `DeletePost`, signed for `deletePostFor`.
    bytes32 public constant DELETE_POST_TYPEHASH =
        keccak256("DeletePost(uint256 profileId,uint256 postId,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `Like`, signed for `likeFor`.
    bytes32 public constant LIKE_TYPEHASH =
        keccak256("Like(uint256 profileId,uint256 postId,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type hash of `Unlike`, signed for `unlikeFor`.
    bytes32 public constant UNLIKE_TYPEHASH =
        keccak256("Unlike(uint256 profileId,uint256 postId,uint256 nonce,uint256 deadline)");

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithPosts
    function computePostId(uint256 profileId, PostKind kind, uint256 targetId, bytes32 contentHash)
        public
        pure
        returns (uint256)
    {
        bytes32 digest = keccak256(abi.encode(profileId, kind, targetId, contentHash));
        return (profileId << 160) | uint160(uint256(digest));
    }

    /// @inheritdoc IKithPosts
    function authorOf(uint256 postId) public pure returns (uint256) {
        return postId >> 160;
    }

    /*//////////////////////////////////////////////////////////////
                               POST LOGIC
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithPosts
    function post(uint256 profileId, bytes32 contentHash, string calldata uri) external returns (uint256) {
        _authorize(profileId, msg.sender, Scopes.POST);
        return _publish(msg.sender, profileId, PostKind.Post, 0, contentHash, uri);
    }

    /// @inheritdoc IKithPosts
    function reply(uint256 profileId, uint256 parentId, bytes32 contentHash, string calldata uri)
        external
        returns (uint256)
    {
        _authorize(profileId, msg.sender, Scopes.POST);
        return _publish(msg.sender, profileId, PostKind.Reply, parentId, contentHash, uri);
    }

    /// @inheritdoc IKithPosts
    function quote(uint256 profileId, uint256 quotedId, bytes32 contentHash, string calldata uri)
        external
        returns (uint256)
    {
        _authorize(profileId, msg.sender, Scopes.POST);
        return _publish(msg.sender, profileId, PostKind.Quote, quotedId, contentHash, uri);
    }

    /// @inheritdoc IKithPosts
    function repost(uint256 profileId, uint256 repostedId) external returns (uint256) {
        _authorize(profileId, msg.sender, Scopes.POST);
        return _publish(msg.sender, profileId, PostKind.Repost, repostedId, bytes32(0), "");
    }

    /// @inheritdoc IKithPosts
    function deletePost(uint256 profileId, uint256 postId) external {
        _authorize(profileId, msg.sender, Scopes.POST);
        _delete(msg.sender, profileId, postId);
    }

    /// @inheritdoc IKithPosts
    function like(uint256 profileId, uint256 postId) external {
        _authorize(profileId, msg.sender, Scopes.REACT);
        _requirePostAuthor(profileId, postId);
        emit Liked(postId, profileId, msg.sender);
    }

    /// @inheritdoc IKithPosts
    function unlike(uint256 profileId, uint256 postId) external {
        _authorize(profileId, msg.sender, Scopes.REACT);
        emit Unliked(postId, profileId, msg.sender);
    }

    /*//////////////////////////////////////////////////////////////
                             SIGNED ACTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IKithPosts
    function postFor(uint256 profileId, bytes32 contentHash, string calldata uri, SignedAuth calldata auth)
        external
        returns (uint256)
    {
        bytes32 structHash = keccak256(
            abi.encode(POST_TYPEHASH, profileId, contentHash, keccak256(bytes(uri)), auth.nonce, auth.deadline)
        );
        return _publish(_verifyPoster(profileId, structHash, auth), profileId, PostKind.Post, 0, contentHash, uri);
    }

    /// @inheritdoc IKithPosts
    function replyFor(
        uint256 profileId,
        uint256 parentId,
        bytes32 contentHash,
        string calldata uri,
        SignedAuth calldata auth
    ) external returns (uint256) {
        bytes32 structHash = keccak256(
            abi.encode(
                REPLY_TYPEHASH, profileId, parentId, contentHash, keccak256(bytes(uri)), auth.nonce, auth.deadline
            )
        );
        return _publish(_verifyPoster(profileId, structHash, auth), profileId, PostKind.Reply, parentId, contentHash, uri);
    }

    /// @inheritdoc IKithPosts
    function quoteFor(
        uint256 profileId,
        uint256 quotedId,
        bytes32 contentHash,
        string calldata uri,
        SignedAuth calldata auth
    ) external returns (uint256) {
        bytes32 structHash = keccak256(
            abi.encode(
                QUOTE_TYPEHASH, profileId, quotedId, contentHash, keccak256(bytes(uri)), auth.nonce, auth.deadline
            )
        );
        return _publish(_verifyPoster(profileId, structHash, auth), profileId, PostKind.Quote, quotedId, contentHash, uri);
    }

    /// @inheritdoc IKithPosts
    function repostFor(uint256 profileId, uint256 repostedId, SignedAuth calldata auth) external returns (uint256) {
        bytes32 structHash = keccak256(abi.encode(REPOST_TYPEHASH, profileId, repostedId, auth.nonce, auth.deadline));
        return _publish(_verifyPoster(profileId, structHash, auth), profileId, PostKind.Repost, repostedId, bytes32(0), "");
    }

    /// @inheritdoc IKithPosts
    function deletePostFor(uint256 profileId, uint256 postId, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(abi.encode(DELETE_POST_TYPEHASH, profileId, postId, auth.nonce, auth.deadline));
        _delete(_verifyPoster(profileId, structHash, auth), profileId, postId);
    }

    /// @inheritdoc IKithPosts
    function likeFor(uint256 profileId, uint256 postId, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(abi.encode(LIKE_TYPEHASH, profileId, postId, auth.nonce, auth.deadline));
        address signer = _verify(structHash, auth);
        _authorize(profileId, signer, Scopes.REACT);
        _requirePostAuthor(profileId, postId);
        emit Liked(postId, profileId, signer);
    }

    /// @inheritdoc IKithPosts
    function unlikeFor(uint256 profileId, uint256 postId, SignedAuth calldata auth) external {
        bytes32 structHash = keccak256(abi.encode(UNLIKE_TYPEHASH, profileId, postId, auth.nonce, auth.deadline));
        address signer = _verify(structHash, auth);
        _authorize(profileId, signer, Scopes.REACT);
        emit Unliked(postId, profileId, signer);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Verifies the signature and that its signer may post for `profileId`; returns the signer.
    function _verifyPoster(uint256 profileId, bytes32 structHash, SignedAuth calldata auth)
        private
        returns (address signer)
    {
        signer = _verify(structHash, auth);
        _authorize(profileId, signer, Scopes.POST);
    }

    /// @dev Reverts `UnknownPost` unless the author encoded in `postId` is a registered profile.
    ///      `actingId` is registered (it was authorized), so every id up to it is too: most posts
    ///      are by older profiles and need no storage read.
    function _requirePostAuthor(uint256 actingId, uint256 postId) private view {
        uint256 author = postId >> 160;
        if (!_isProfile(author, actingId)) revert UnknownPost(postId);
    }

    /// @dev Callers have authorized `actor` for `profileId`.
    function _publish(
        address actor,
        uint256 profileId,
        PostKind kind,
        uint256 targetId,
        bytes32 contentHash,
        string memory uri
    ) internal returns (uint256 postId) {
        if (kind != PostKind.Repost && contentHash == bytes32(0)) revert EmptyContent();
        if (bytes(uri).length > MAX_URI_LENGTH) revert UriTooLong(bytes(uri).length, MAX_URI_LENGTH);
        // The target's author must exist; its post cannot be checked (nothing is stored).
        if (kind != PostKind.Post) _requirePostAuthor(profileId, targetId);
        postId = computePostId(profileId, kind, targetId, contentHash);
        emit Posted(postId, profileId, targetId, kind, actor, contentHash, uri);
    }

    function _delete(address actor, uint256 profileId, uint256 postId) internal {
        if (postId >> 160 != profileId) revert NotAuthor(postId, profileId);
        emit PostDeleted(postId, profileId, actor);
    }
}
